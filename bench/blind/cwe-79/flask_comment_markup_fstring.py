from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)
COMMENTS: list[dict] = []


def render_comment(comment: dict) -> Markup:
    return Markup(
        f'<div class="comment"><b>{comment["author"]}</b>'
        f'<p>{comment["body"]}</p></div>'
    )


@app.route("/post/<int:post_id>/comments", methods=["GET", "POST"])
def comments(post_id: int):
    if request.method == "POST":
        COMMENTS.append({"author": request.form["author"], "body": request.form["body"]})
    rendered = [render_comment(c) for c in COMMENTS]
    return render_template("comments.html", post_id=post_id, comments=rendered)
