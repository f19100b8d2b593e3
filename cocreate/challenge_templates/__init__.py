from flask import Blueprint

bp = Blueprint("challenge_templates", __name__)
