a = [true, false, null, True, NULL]
