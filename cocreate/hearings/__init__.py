from flask import Blueprint

bp = Blueprint("hearings", __name__)
