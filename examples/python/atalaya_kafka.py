"""How the examples reach Atalaya's broker: its TLS listener, as the principal the operators gave you.

Every setting comes from the environment (README.md lists them), so no password is ever on a command line.
"""

import os
import sys
import time

from confluent_kafka import KafkaError, KafkaException


def required(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"set {name} (see examples/python/README.md)")
    return value


def username():
    return required("KAFKA_SASL_USERNAME")


def client_config():
    """librdkafka's settings for SASL/SCRAM-SHA-512 over TLS, trusting the CA file when one is given."""
    config = {
        "bootstrap.servers": required("KAFKA_BROKERS"),
        "security.protocol": "SASL_SSL",
        "sasl.mechanisms": "SCRAM-SHA-512",
        "sasl.username": username(),
        "sasl.password": required("KAFKA_SASL_PASSWORD"),
        "error_cb": on_error,
    }
    ca_file = os.environ.get("KAFKA_SSL_CA_FILE")
    if ca_file:
        config["ssl.ca.location"] = ca_file
    return config


def consumer_config(purpose):
    """A consumer in a group of your own: the broker only lets you use groups named after your principal."""
    return {
        **client_config(),
        "group.id": os.environ.get("ATALAYA_GROUP_ID") or f"{username()}-{purpose}",
        "auto.offset.reset": "earliest",
    }


def topic(name, owner):
    """`atalaya.<name>.<owner>`, under the prefix the operators run with, if any."""
    return f"{os.environ.get('ATALAYA_TOPIC_PREFIX', '')}atalaya.{name}.{owner}"


def on_error(error):
    """librdkafka's errors outside any one message: a refusal ends the script, anything else it retries."""
    if refused(error):
        raise KafkaException(error)
    print(f"kafka: {error.str()}", file=sys.stderr)


def run(main):
    """Runs a script; a refusal ends it with the broker's reason rather than a traceback."""
    try:
        main()
    except KafkaException as e:
        sys.exit(f"kafka: {e.args[0].str()}")


def refused(error):
    """An error no retry cures: the broker refused the principal, its certificate failed, or a fatal error."""
    return error.fatal() or error.code() in (
        KafkaError.TOPIC_AUTHORIZATION_FAILED,
        KafkaError.GROUP_AUTHORIZATION_FAILED,
        KafkaError._AUTHENTICATION,
        KafkaError._SSL,
    )


def messages(consumer, limit, timeout):
    """The messages that arrive within `timeout` seconds, `limit` of them at most (None: no limit)."""
    deadline = time.monotonic() + timeout
    count = 0
    while limit is None or count < limit:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        message = consumer.poll(min(remaining, 1.0))
        if message is None:
            continue
        if message.error():
            on_error(message.error())
            continue
        count += 1
        yield message
