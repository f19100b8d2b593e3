from flask import Blueprint

bp = Blueprint("pipeline", __name__)
