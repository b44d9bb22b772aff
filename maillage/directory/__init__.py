"""The directory of the local social offer.

The services organisations offer: searchable, on a map, public and as open data.
"""
