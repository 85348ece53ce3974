#!/usr/bin/env python3
"""Merges a Compose override into a base file and prints the result as JSON (Compose reads JSON).

Usage: compose-merge.py BASE.yml OVERRIDE.yml > merged.json
Mappings merge key by key, lists and scalars from the override replace the base's, and a key the
override sets to null is removed: Compose v2's `!reset`, which Debian's docker-compose v1 lacks (it
refuses `network_mode: host` next to the base file's `networks`). YAML anchors and `<<` merge keys
are resolved by the loader; `x-` extension keys are dropped from the result. Variables (${...})
are left for docker-compose to interpolate. Uses the PyYAML that docker-compose v1 itself depends on.
"""
import json
import sys

import yaml


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    return value


def merge(base, over):
    if not isinstance(base, dict) or not isinstance(over, dict):
        return drop_nulls(over)
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif key in out:
            out[key] = merge(out[key], value)
        else:
            out[key] = drop_nulls(value)
    return out


def strip_extensions(doc):
    return {k: v for k, v in doc.items() if not str(k).startswith("x-")}


def main(base_path, override_path):
    with open(base_path) as f:
        base = yaml.safe_load(f)
    with open(override_path) as f:
        over = yaml.safe_load(f)
    json.dump(strip_extensions(merge(strip_extensions(base), strip_extensions(over))), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
