b "%{if x}y%{endif}" {
}
