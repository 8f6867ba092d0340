from caseboard.cli import app

app(prog_name="caseboard")
