from flask import Flask, render_template_string, request

app = Flask(__name__)

TEMPLATE = """
<html>
  <head><title>Greeting</title></head>
  <body><h1>Hello, {{ name }}!</h1></body>
</html>
"""


@app.route("/hello")
def hello():
    name = request.args.get("name", "World")
    return render_template_string(TEMPLATE, name=name)
