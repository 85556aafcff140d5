print("immplan 0.1.0-dev")
