# The dashboard in a container: `docker build -t us-iran-options . && docker run -p 8501:8501 us-iran-options`
# Python 3.11 is the floor (requirements.txt); the image ships the versions CI tests (constraints.txt).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt
COPY streamlit_app.py ./
COPY .streamlit ./.streamlit
COPY dashboard ./dashboard
COPY data ./data

# Stateless: a user's whole scenario lives in the share link, so replicas can be added freely.
# Classroom rooms are the exception: one replica may keep them in a SQLite file under
# /app/var (mount a volume there); several replicas share a PostgreSQL (-e DATABASE_URL=...).
RUN useradd --create-home app && mkdir -p /app/var && chown app /app/var
ENV ROOMS_DATA_DIR=/app/var
VOLUME /app/var
USER app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "streamlit_app.py", "--server.address=0.0.0.0", "--server.port=8501", \
     "--server.headless=true", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"]
