"""Open Referral HSDS 3.0: serialization (serialize.py), import and export."""
