"""Code whose contract is "byte-equal to another library", kept apart from the logic that uses it.

Each module here does what a library does, faster or without a bridge, and has an equivalence
test against that library beside its tests (``tests/fast/``), marked ``slow``:

* :mod:`.cdk8s_order` – cdk8s's ``ApiObject.to_json()`` form (key order, sanitising) for plain documents
"""
