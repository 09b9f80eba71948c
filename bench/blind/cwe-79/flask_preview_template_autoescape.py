from flask import Flask, render_template_string, request

app = Flask(__name__)

PREVIEW = """
<!doctype html>
<title>Preview</title>
<article class="preview">{{ body }}</article>
"""


@app.post("/notes/preview")
def preview_note():
    body = request.form.get("body", "")
    return render_template_string(PREVIEW, body=body)
