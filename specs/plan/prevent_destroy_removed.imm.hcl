# every resource removed: the state still protects fleet.web
