from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views import View
from django.utils.decorators import method_decorator

from .models import Article


@method_decorator(login_required, name="dispatch")
class ArticleSearchView(View):
    def get(self, request):
        keyword = request.GET.get("keyword", "")
        author = request.GET.get("author", "")
        sql = (
            "SELECT * FROM blog_article WHERE title ILIKE %s AND author_id IN "
            "(SELECT id FROM auth_user WHERE username = %s)"
        )
        articles = Article.objects.raw(sql, [f"%{keyword}%", author])
        return JsonResponse(
            {"results": [{"id": a.id, "title": a.title} for a in articles]}
        )
