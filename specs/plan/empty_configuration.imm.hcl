# nothing left
