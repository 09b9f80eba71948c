import re
from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
LOG_FILE = Path("/var/log/app/app.log")


@app.get("/admin/logs/grep")
def grep_logs(pattern: str, limit: int = 100):
    try:
        regex = re.compile(pattern)
    except re.error:
        raise HTTPException(status_code=400, detail="bad pattern")
    matches = []
    with LOG_FILE.open() as fh:
        for line in fh:
            if regex.search(line):
                matches.append(line.rstrip())
                if len(matches) >= limit:
                    break
    return {"matches": matches}
