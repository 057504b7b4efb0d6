#!/usr/bin/python3
"""An agency publishes its figures: each line of FILE, one signal as JSON, to atalaya.signals.<ISO3>.

Usage: produce_signals.py FILE [--timeout SECONDS]

Each message is keyed by its series (reporter/indicator/country/admin1/place, "-" for a part left out), so
that the figures of one series keep their order. The producer is idempotent and waits for every in-sync
replica: a retry never doubles a message. Atalaya judges every signal; read what it refused with
read_rejections.py. Re-sending the same file is always safe: a signalId already taken is a duplicate.
"""

import argparse
import json
import sys

from confluent_kafka import Producer

import atalaya_kafka


def series_key(signal):
    location = signal.get("location") or {}
    parts = [
        signal.get("reporter"),
        signal.get("indicator"),
        location.get("country"),
        location.get("admin1"),
        location.get("place"),
    ]
    return "/".join(str(part) if part else "-" for part in parts)


def read_signals(path):
    """Each line as (series key, signalId, its own bytes): Atalaya receives exactly what you wrote."""
    signals = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                signal = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON ({e}); nothing was sent")
            if not isinstance(signal, dict):
                sys.exit(f"{path}:{number}: not a JSON object; nothing was sent")
            signals.append((series_key(signal), signal.get("signalId"), line.encode("utf-8")))
    return signals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="signals, one JSON object a line")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for the broker")
    args = parser.parse_args()

    reporter = atalaya_kafka.required("ATALAYA_REPORTER")
    topic = atalaya_kafka.topic("signals", reporter)
    signals = read_signals(args.file)
    producer = Producer(
        {
            **atalaya_kafka.client_config(),
            "enable.idempotence": True,
            "acks": "all",
            "message.timeout.ms": int(args.timeout * 1000),
        }
    )
    failed = []

    def report(signal_id):
        def delivered(error, message):
            if error is not None:
                failed.append(signal_id)
                print(f"{signal_id}: not delivered: {error}", file=sys.stderr)
            else:
                print(f"{signal_id}: delivered to {message.topic()} [{message.partition()}] @ {message.offset()}")

        return delivered

    for key, signal_id, value in signals:
        producer.produce(topic, value=value, key=key, on_delivery=report(signal_id))
        producer.poll(0)
    left = producer.flush(args.timeout)
    if failed or left:
        sys.exit(f"{len(failed) + left} of {len(signals)} signals not delivered; sending the file again is safe")
    print(f"{len(signals)} signals delivered to {topic}")


if __name__ == "__main__":
    atalaya_kafka.run(main)
