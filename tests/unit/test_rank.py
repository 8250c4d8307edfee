from daily_papers.rank import rank
from tests.unit.factories import paper


def ids(papers):
    return [p.id for p in papers]


def test_upvotes_first_then_comments_then_id():
    # Given papers whose API order is unlike their ranking, with ties on upvotes and comments
    papers = [
        paper("2602.00003", upvotes=5, comments=1),
        paper("2602.00001", upvotes=5, comments=1),
        paper("2602.00002", upvotes=5, comments=9),
        paper("2602.00004", upvotes=40),
    ]
    # When ranked
    ranked = rank(papers)
    # Then upvotes decide, comments break ties, and the id breaks what remains
    assert ids(ranked) == ["2602.00004", "2602.00002", "2602.00001", "2602.00003"]


def test_ranking_is_the_same_whatever_the_input_order():
    papers = [paper(f"2602.{i:05d}", upvotes=i % 3, comments=i % 2) for i in range(20)]
    assert ids(rank(papers)) == ids(rank(list(reversed(papers))))


def test_top_n_cuts_and_zero_keeps_all():
    papers = [paper(f"2602.{i:05d}", upvotes=i) for i in range(10)]
    assert ids(rank(papers, top_n=3)) == ["2602.00009", "2602.00008", "2602.00007"]
    assert len(rank(papers, top_n=0)) == 10


def test_a_paper_listed_twice_appears_once():
    papers = [paper("2602.00001", upvotes=3), paper("2602.00001", upvotes=3), paper("2602.00002")]
    assert ids(rank(papers)) == ["2602.00001", "2602.00002"]
