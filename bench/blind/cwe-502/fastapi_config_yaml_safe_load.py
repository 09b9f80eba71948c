import yaml
from fastapi import FastAPI, HTTPException, UploadFile

app = FastAPI()
PIPELINES: dict[str, dict] = {}


@app.post("/pipelines/{name}/config")
async def upload_pipeline_config(name: str, file: UploadFile):
    content = await file.read()
    try:
        config = yaml.load(content, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise HTTPException(status_code=400, detail="invalid YAML") from exc
    if not isinstance(config, dict) or "steps" not in config:
        raise HTTPException(status_code=422, detail="config needs a steps list")
    PIPELINES[name] = config
    return {"name": name, "steps": len(config["steps"])}
