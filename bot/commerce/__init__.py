"""The shop's own data: catalogue, stock and orders, imported from Shopify/WooCommerce exports.

schema (tables, normal forms), csvfiles and importers (the exports), catalogue (queries),
webhooks (Shopify verification and updates), demo and demo_catalogue (data/shop/). Plain
Python: nothing here imports Rasa, and nothing touches the database at import.
"""
