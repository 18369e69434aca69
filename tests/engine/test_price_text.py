from runner.dashboard import price_text


def test_prices_show_the_decimals_of_their_tick():
    assert price_text(1667.25, 0.25) == "1,667.25"
    assert price_text(1314.3, 0.1) == "1,314.3"
    assert price_text(0.0102505, 0.0000005) == "0.0102505"
    assert price_text(126.015625, 0.015625) == "126.015625"
    assert price_text(35.5, 0.01) == "35.50"
    assert price_text(float("nan"), 0.25) == "-"
