import re
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
LOG_FILE = Path("/var/log/app/app.log")


@app.get("/admin/logs/grep")
def grep_logs(pattern: str, limit: int = 100):
    regex = re.compile(re.escape(pattern), re.IGNORECASE)
    matches = []
    with LOG_FILE.open() as fh:
        for line in fh:
            if regex.search(line):
                matches.append(line.rstrip())
                if len(matches) >= limit:
                    break
    return {"matches": matches}
