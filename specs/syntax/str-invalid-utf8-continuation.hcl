a = "€abc"
