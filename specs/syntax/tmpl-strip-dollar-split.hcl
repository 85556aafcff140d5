a = "a $b ${~c}"
