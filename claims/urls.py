from django.urls import path

from claims import views

app_name = "review"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
]
