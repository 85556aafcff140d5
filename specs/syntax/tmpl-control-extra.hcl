a = "%{else x}"
