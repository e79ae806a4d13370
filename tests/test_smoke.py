from tomtat import Document, build_cluster, summarize


def test_end_to_end_lead():
    docs = [
        Document("a", "Hà Nội mưa lớn hôm thứ Hai. Nhiều tuyến phố ngập sâu."),
        Document("b", "Mưa lớn gây ngập ở Hà Nội. Giao thông ùn tắc kéo dài."),
    ]
    summary = summarize(build_cluster(docs, "c1"), method="lead", max_words=14)
    assert summary.n_syllables <= 14
    assert [s.doc_id for s in summary.sentences] == ["a", "b"]
