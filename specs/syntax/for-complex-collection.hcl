a = {for k, v in merge(a, b) : upper(k) => v.id if v != null}
