outer "a" {
		inner {
	deep {
value = true
			}
    }
        list = [
      [1, 2],
          [
3,
    ],
  ]
}
