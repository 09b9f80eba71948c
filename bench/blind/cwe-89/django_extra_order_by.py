from django.http import JsonResponse

from .models import Ticket


def ticket_list(request):
    sort = request.GET.get("sort", "created_at")
    direction = "DESC" if request.GET.get("desc") else "ASC"
    tickets = Ticket.objects.extra(
        select={"age_days": "EXTRACT(DAY FROM NOW() - created_at)"},
        where=[f"status = '{request.GET.get('status', 'open')}'"],
        order_by=[sort],
    )
    data = [
        {"id": t.id, "subject": t.subject, "age_days": t.age_days}
        for t in tickets[:100]
    ]
    return JsonResponse({"tickets": data, "direction": direction})
