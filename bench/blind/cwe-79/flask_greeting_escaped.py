from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    name = escape(request.args.get("name", "guest"))
    plan = escape(request.args.get("plan", "free"))
    return f"""
    <html>
      <body>
        <h1>Welcome back, {name}!</h1>
        <p>You are on the <strong>{plan}</strong> plan.</p>
      </body>
    </html>
    """
