a = "\u00e9f"
