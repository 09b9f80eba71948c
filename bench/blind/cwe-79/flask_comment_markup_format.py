from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)
COMMENTS: list[dict] = []


def render_comment(comment: dict) -> Markup:
    # Markup.format escapes its arguments
    return Markup('<div class="comment"><b>{}</b><p>{}</p></div>').format(
        comment["author"], comment["body"]
    )


@app.route("/post/<int:post_id>/comments", methods=["GET", "POST"])
def comments(post_id: int):
    if request.method == "POST":
        COMMENTS.append({"author": request.form["author"], "body": request.form["body"]})
    rendered = [render_comment(c) for c in COMMENTS]
    return render_template("comments.html", post_id=post_id, comments=rendered)
