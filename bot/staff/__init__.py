"""Staff accounts of the console: roles, argon2 passwords, lock-out, signed-in sessions."""
