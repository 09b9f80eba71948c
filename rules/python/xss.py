# Test cases for rules/python/xss.yaml (data only; never imported or run).
import html

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, jsonify, make_response, render_template, render_template_string, request
from jinja2 import Environment
from markupsafe import Markup, escape

app = Flask(__name__)
api = FastAPI()
env = Environment(autoescape=True)

GREETING = "<h1>Hello {{ name }}!</h1>"


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: xss-template-string-tainted, xss-html-response-tainted
    return render_template_string(f"<h1>Hello {name}!</h1>")


@app.route("/hello-safe")
def hello_safe():
    name = request.args.get("name", "world")
    # ok: xss-template-string-tainted
    return render_template_string(GREETING, name=name)


@app.route("/hello-file")
def hello_file():
    # ok: xss-template-string-tainted
    return render_template("hello.html", name=request.args.get("name"))


@app.route("/preview", methods=["POST"])
def preview():
    template = request.form["template"]
    # ruleid: xss-template-string-tainted
    return env.from_string(template).render(user="guest")


@app.route("/bio")
def bio():
    text = request.args.get("bio", "")
    # ruleid: xss-markup-tainted
    return render_template("bio.html", bio=Markup(text))


@app.route("/bio-safe")
def bio_safe():
    text = request.args.get("bio", "")
    # ok: xss-markup-tainted
    bold = Markup("<b>%s</b>") % escape(text)
    # ok: xss-markup-tainted
    return render_template("bio.html", bio=bold, raw=Markup("<hr>"))


@app.route("/search")
def search():
    query = request.args.get("q", "")
    # ruleid: xss-html-response-tainted
    return f"<p>No results for <b>{query}</b></p>"


@app.route("/search-safe")
def search_safe():
    query = request.args.get("q", "")
    # ok: xss-html-response-tainted
    return f"<p>No results for <b>{escape(query)}</b></p>"


@app.route("/search-json")
def search_json():
    query = request.args.get("q", "")
    # ok: xss-html-response-tainted
    return jsonify({"query": query, "results": []})


@app.route("/<any(xhr, jquery, fetch):js>")
def page_by_name(js):
    # ok: xss-html-response-tainted
    return render_template(f"{js}.html", js=js)


@app.route("/add", methods=["POST"])
def add_json():
    a = request.form.get("a", "")
    # ok: xss-html-response-tainted
    return jsonify(result=a + "!")


@app.route("/echo-sum")
def echo_sum():
    a = request.args.get("a", "")
    # ruleid: xss-html-response-tainted
    return a + "!"


@app.route("/welcome")
def welcome():
    user = request.cookies.get("user", "")
    # ruleid: xss-html-response-tainted
    page = "<html><body>Welcome back, " + user + "</body></html>"
    return make_response(page)


@app.route("/welcome-safe")
def welcome_safe():
    user = request.cookies.get("user", "")
    # ok: xss-html-response-tainted
    return "<html><body>Welcome back, %s</body></html>" % html.escape(user)


@app.route("/status")
def status():
    # ok: xss-html-response-tainted
    return "<p>Status: %s</p>" % "ok"


@api.get("/greet", response_class=HTMLResponse)
def greet(name: str):
    # ruleid: xss-html-response-tainted
    return HTMLResponse("<h2>Hi {}</h2>".format(name))


@api.get("/greet-safe", response_class=HTMLResponse)
def greet_safe(name: str):
    # ok: xss-html-response-tainted
    return HTMLResponse("<h2>Hi {}</h2>".format(escape(name)))


def comment(request):
    """A Django view."""
    body = request.POST.get("body", "")
    # ruleid: xss-markup-tainted
    rendered = mark_safe("<div class='comment'>" + body + "</div>")
    # ok: xss-markup-tainted
    rendered2 = mark_safe(format_html("<div class='comment'>{}</div>", body))
    # ruleid: xss-html-response-tainted
    return HttpResponse("<p>Thanks! You wrote: " + body + "</p>"), rendered, rendered2


def comment_safe(request):
    body = request.POST.get("body", "")
    # ok: xss-html-response-tainted
    return HttpResponse(format_html("<p>Thanks! You wrote: {}</p>", body))


# --- jinja2 environments with autoescaping switched off.
from jinja2 import FileSystemLoader, select_autoescape

# ruleid: xss-jinja2-autoescape-disabled
report_env = Environment(loader=FileSystemLoader("templates"), autoescape=False)
# ok: xss-jinja2-autoescape-disabled
page_env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())


def init_routes(app):
    @app.route("/echo", methods=["POST"])
    def echo_plain():
        body = ""
        word = request.form.get("word", "")
        # ruleid: xss-html-response-tainted
        body += f"You said '{word}'"
        return body

    @app.route("/echo-direct")
    def echo_direct():
        word = request.args.get("word", "")
        # ruleid: xss-html-response-tainted
        return "You said: " + word

    @app.route("/echo-escaped", methods=["POST"])
    def echo_escaped():
        body = ""
        word = request.form.get("word", "")
        # ok: xss-html-response-tainted
        body += f"You said '{escape_html_text(word)}'"  # noqa: F821
        return body

    @app.route("/echo-header", methods=["POST"])
    def echo_in_header():
        body = ""
        word = request.form.get("word", "")
        # ok: xss-html-response-tainted
        body += "The word is now in a header."
        body = make_response((body, {"X-Word": word}))
        return body

    @app.route("/echo-log", methods=["POST"])
    def echo_logged():
        word = request.form.get("word", "")
        # ok: xss-html-response-tainted
        note = f"word received: {word}"
        app.logger.info(note)
        return "ok"
