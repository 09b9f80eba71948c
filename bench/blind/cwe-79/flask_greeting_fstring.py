from flask import Flask, request

app = Flask(__name__)


@app.route("/welcome")
def welcome():
    name = request.args.get("name", "guest")
    plan = request.args.get("plan", "free")
    return f"""
    <html>
      <body>
        <h1>Welcome back, {name}!</h1>
        <p>You are on the <strong>{plan}</strong> plan.</p>
      </body>
    </html>
    """
