#!/usr/bin/python3
"""A recipient reads its notifications on atalaya.notify.<recipientId> and acknowledges each with CAP.

Usage: read_notifications.py [--max N] [--timeout SECONDS] [--note TEXT]

Prints every alert of each notification with the response actions it puts on you, then publishes a CAP 1.2
Ack on atalaya.acks.<recipientId> referencing the CAP message of each alert (sender,identifier,sent, as
docs/cap.md says): your escalation stops, nobody else's. A notification's offset is committed only once its
Ack is delivered, so a crash in between means reading it again, never losing it; Atalaya takes an Ack it
already has as a no-op. Set ATALAYA_CAP_SENDER to the address your Acks are sent from.
"""

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from confluent_kafka import Consumer, Producer

import atalaya_kafka

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
ET.register_namespace("", CAP)


def cap_reference(document):
    """`sender,identifier,sent` of a CAP message, exactly as it wrote them."""
    alert = ET.fromstring(document)
    return ",".join(alert.findtext(f"{{{CAP}}}{name}") for name in ("sender", "identifier", "sent"))


def cap_now():
    """Now as CAP writes a dateTime: UTC, whole seconds, and -00:00 rather than Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S-00:00")


def cap_ack(identifier, sender, references, note):
    """A CAP 1.2 Ack of the messages `references` names, in the element order the CAP schema requires."""
    alert = ET.Element(f"{{{CAP}}}alert")
    fields = [
        ("identifier", identifier),
        ("sender", sender),
        ("sent", cap_now()),
        ("status", "Actual"),
        ("msgType", "Ack"),
        ("scope", "Private"),
        ("addresses", references[0].split(",")[0]),
        ("note", note),
        ("references", " ".join(references)),
    ]
    for name, value in fields:
        if value:
            ET.SubElement(alert, f"{{{CAP}}}{name}").text = value
    ET.indent(alert)
    return ET.tostring(alert, encoding="UTF-8", xml_declaration=True)


def publish(producer, topic, key, value, timeout):
    """Sends one message and waits for the broker to take it: None, or why it did not."""
    outcome = []
    producer.produce(topic, value=value, key=key, on_delivery=lambda error, _message: outcome.append(error))
    producer.flush(timeout)
    return outcome[0] if outcome else "no answer from the broker in time"


def show(notification):
    print(f"{notification['notificationId']} ({notification['reason']}):")
    for alert in notification["alerts"]:
        event = alert["event"]
        figure = event["evidence"].get("value", "withheld")
        print(
            f"  {event['type']} {event['level'] or ''} {event['severity']}: {event['trigger']['title']}"
            f" at {event['seriesKey']}, {figure} (alert {event['alertId']})"
        )
        for action in alert["actions"]:
            print(f"    your action {action['id']}, due {action['deadline']}: {action['description']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, help="stop after this many notifications")
    parser.add_argument("--timeout", type=float, default=30, help="stop after this many seconds")
    parser.add_argument("--note", help="a note for people, carried by every Ack")
    args = parser.parse_args()

    recipient = atalaya_kafka.required("ATALAYA_RECIPIENT")
    sender = atalaya_kafka.required("ATALAYA_CAP_SENDER")
    topic = atalaya_kafka.topic("notify", recipient)
    acks = atalaya_kafka.topic("acks", recipient)
    consumer = Consumer({**atalaya_kafka.consumer_config("notifications"), "enable.auto.commit": False})
    producer = Producer({**atalaya_kafka.client_config(), "enable.idempotence": True, "acks": "all"})
    consumer.subscribe([topic])
    count = 0
    try:
        for message in atalaya_kafka.messages(consumer, args.max, args.timeout):
            notification = json.loads(message.value())
            show(notification)
            references = [cap_reference(alert["cap"]) for alert in notification["alerts"]]
            identifier = f"ack-{notification['notificationId']}"
            ack = cap_ack(identifier, sender, references, args.note)
            error = publish(producer, acks, identifier, ack, args.timeout)
            if error is not None:
                sys.exit(f"the Ack {identifier} was not delivered ({error}): run again to acknowledge it")
            print(f"  acknowledged with CAP Ack {identifier} on {acks}")
            consumer.commit(message, asynchronous=False)
            count += 1
    finally:
        consumer.close()
    print(f"{count} notifications read from {topic}")


if __name__ == "__main__":
    atalaya_kafka.run(main)
