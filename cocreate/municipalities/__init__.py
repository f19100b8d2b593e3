from flask import Blueprint

bp = Blueprint("municipalities", __name__)
