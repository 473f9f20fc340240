"""A Python producer of FluentMeet email envelopes (the test's stand-in for a service
in another language): builds a `custom` envelope, validates it against the published
JSON Schema with `jsonschema`, and prints the Kafka record to write as JSON.

Usage: python produce_envelope.py SCHEMA_PATH TO_ADDRESS
"""

import importlib.metadata
import json
import secrets
import sys
import time
import uuid
from datetime import datetime, timezone

import jsonschema


def uuid7() -> str:
    """A UUIDv7: 48 bits of Unix milliseconds, the version, the variant, random bits."""
    ms = time.time_ns() // 1_000_000
    rand = secrets.randbits(74)
    value = (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def main() -> None:
    schema_path, to = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )

    envelope = {
        "id": uuid7(),
        "version": 1,
        "createdAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "to": to,
        "template": "custom",
        "subject": "Your recording of “Weekly sync” is ready",
        "html": (
            "<!DOCTYPE html><html><body>\n"
            "<p>Hello from Python &amp; friends — <b>Ada</b> 👩‍💻</p>\n"
            '<p><a href="https://app.fluentmeet.test/recordings/7">Watch it</a></p>\n'
            "</body></html>"
        ),
        "correlationId": "python-producer",
    }
    validator.validate(envelope)  # raises jsonschema.ValidationError when invalid

    # What the schema refuses, as a Python producer would learn before sending.
    wrong = {
        "too_large": {**envelope, "html": "h" * 65_537},
        "no_subject": {k: v for k, v in envelope.items() if k != "subject"},
        "mixed": {
            **{k: v for k, v in envelope.items() if k not in ("html", "subject")},
            "template": "verification",
            "data": {"verification_link": "https://app.fluentmeet.test/verify-email?token=x"},
            "html": "<p>mixed</p>",
        },
        "bad_created_at": {**envelope, "createdAt": "yesterday"},
    }
    rejected = {}
    for name, candidate in wrong.items():
        best = jsonschema.exceptions.best_match(validator.iter_errors(candidate))
        rejected[name] = None if best is None else {"path": best.json_path, "message": best.message[-120:]}

    value = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
    record = {
        "key": to.lower(),  # the emailKey of an ASCII address
        "value": value,
        "headers": {
            "content-type": "application/json",
            "schema-version": "1",
            "envelope-id": envelope["id"],
            "correlation-id": envelope["correlationId"],
        },
    }
    json.dump(
        {"jsonschema": importlib.metadata.version("jsonschema"), "record": record, "rejected": rejected},
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
