"""Submitted practices ("Deel een praktijk"): the form's model, the store, moderation, export.

``python -m lib.praktijk`` (see ``__main__``): upgrade, export, hash-password, purge.
"""
