"""Code whose contract is "byte-equal to another library", kept apart from the logic that uses it.

Each module does what a library does, faster or without a bridge, and has an equivalence test
against that library (``tests/fast/``, marked ``slow``: ``make test`` runs them, ``make
test-fast`` does not). The synth and the gate call these and read as logic:

* :mod:`.cdk8s_order` – cdk8s's ``ApiObject.to_json()`` form (key order, sanitising) for plain documents
* :mod:`.yaml_writer` – PyYAML's pure-Python emitter's bytes, by a block writer of its own or libyaml
* :mod:`.yaml_reader` – libyaml's safe load (and checkov's line marks) for block-style YAML
* :mod:`.json_schema` – jsonschema_rs's verdict where it equals python jsonschema's (the gate's schemas)
* :mod:`.workers` – worker processes fed pickled messages on stdin (render workers, checkov workers)
"""
