from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql+psycopg2://app@db/app")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@app.get("/users/by-username/{username}")
def user_by_username(username: str, session: Session = Depends(get_session)):
    query = text("SELECT id, username, email FROM users WHERE username = :username")
    row = session.execute(query, {"username": username}).mappings().first()
    return dict(row) if row else {"detail": "not found"}
