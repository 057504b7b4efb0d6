#!/usr/bin/python3
"""An agency reads what Atalaya refused of its signals, on atalaya.rejections.<ISO3>, which only it may read.

Usage: read_rejections.py [--max N] [--timeout SECONDS]

Prints one line per rejection: the signal, its stable code (docs/intake.md lists them), the JSON path of
the field at fault and what to do about it. The consumer group remembers what was read: the next run
starts after it.
"""

import argparse
import json

from confluent_kafka import Consumer

import atalaya_kafka


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, help="stop after this many rejections")
    parser.add_argument("--timeout", type=float, default=30, help="stop after this many seconds")
    args = parser.parse_args()

    topic = atalaya_kafka.topic("rejections", atalaya_kafka.required("ATALAYA_REPORTER"))
    consumer = Consumer(atalaya_kafka.consumer_config("rejections"))
    consumer.subscribe([topic])
    count = 0
    try:
        for message in atalaya_kafka.messages(consumer, args.max, args.timeout):
            rejection = json.loads(message.value())
            signal = rejection.get("signalId", "(no signalId)")
            print(f"{signal}: {rejection['code']} at {rejection['path']}: {rejection['message']}")
            # help: the code's entry on the gateway, what it means and what to do, in Spanish and English.
            print(f"  see {rejection['help']}")
            count += 1
    finally:
        consumer.close()
    print(f"{count} rejections read from {topic}")


if __name__ == "__main__":
    atalaya_kafka.run(main)
