"""Writes of the referrals app."""
