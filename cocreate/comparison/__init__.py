from flask import Blueprint

bp = Blueprint("comparison", __name__)
