"""End to end in other languages: French and German articles posted in a watched channel get
key quotes with their speakers, and /whosaid and /quotes find a Russian and a Polish speaker
whatever case his surname is in (the real bot, worker and SQLite against the fake Discord, all loopback)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web

from tests.fakediscord import FakeDiscord
from tests.test_e2e_bot import Site, World, make_world, only_embed, running, watch

pytestmark = pytest.mark.timeout(120)

# Articles written for this test (invented places and people).
FRENCH = [
    "Valbonne-sur-Lys rénove son marché couvert",
    "Le conseil municipal de Valbonne-sur-Lys a voté lundi soir la rénovation complète du "
    "marché couvert, fermé depuis l'incendie de l'hiver dernier. Les travaux dureront "
    "quatorze mois et coûteront 4,2 millions d'euros.",
    "La maire Sophie Marchand a présenté le projet devant une salle comble. « Ce marché est "
    "le cœur de notre ville et nous voulons qu'il rouvre avant Noël prochain », a déclaré "
    "Sophie Marchand sous les applaudissements.",
    "Les commerçants, installés depuis un an sous des tentes sur le parking de la gare, "
    "attendaient cette décision avec impatience. Le boucher Karim Haddad tient son étal "
    "depuis vingt ans. « L'hiver sous la toile a été très dur pour nous et pour nos clients », "
    "raconte-t-il.",
    "L'opposition a voté contre. Son chef de file, Bernard Léon, juge le budget trop élevé "
    "pour une commune de neuf mille habitants. « Nous paierons cet emprunt pendant vingt ans "
    "alors que d'autres chantiers attendent », a-t-il prévenu.",
    "La fromagère Lucie Perret, elle, se réjouit. « Nos clients nous ont suivis sous la "
    "tente, ils nous suivront dans le nouveau marché », assure-t-elle.",
    "La région financera un tiers du chantier. Le reste sera couvert par un emprunt sur "
    "vingt ans, selon les services de la mairie.",
]
GERMAN = [
    "Neue Brücke für Lindenau",
    "Der Stadtrat von Lindenau hat am Dienstag den Neubau der Fußgängerbrücke über die Saale "
    "beschlossen. Die alte Brücke war im Frühjahr wegen Rissen im Beton gesperrt worden.",
    "„Wir haben lange gerechnet und uns am Ende für einen vollständigen Neubau entschieden“, "
    "sagte Bürgermeisterin Anna Keller nach der Abstimmung. Der Bau soll im Herbst beginnen "
    "und rund drei Millionen Euro kosten.",
    "Viele Anwohner nutzen die Brücke täglich auf dem Weg zum Bahnhof. Seit der Sperrung "
    "müssen sie einen Umweg von fast zwei Kilometern in Kauf nehmen.",
    "Der Rentner Horst Wagner wohnt direkt am Ufer. »Für uns Ältere ist der Umweg jeden Tag "
    "eine echte Zumutung gewesen«, sagte Wagner. Er hofft, dass die Arbeiten schneller als "
    "geplant vorankommen.",
    "Laut Keller soll eine Fähre die Zeit bis zur Eröffnung überbrücken. Die Opposition im "
    "Stadtrat stimmte dem Neubau zu, kritisierte aber die Planung. „Die Risse waren seit "
    "Jahren bekannt, die Stadt hat viel zu lange gewartet“, sagte Fraktionschef Peter Lorenz.",
    "Die Fährfrau Maria Schulte freut sich auf die neue Aufgabe. „Ich bringe die Leute gern "
    "über den Fluss, solange die Brücke fehlt“, sagte Schulte am Mittwoch.",
]
RUSSIAN = [
    "В Озёрске отремонтируют набережную",
    "Власти Озёрска утвердили план реконструкции набережной, разрушенной весенним паводком. "
    "Работы обойдутся городскому бюджету в сорок миллионов рублей.",
    "Мэр Иван Петров представил проект на заседании городской думы во вторник. Депутаты "
    "задали Петрову много вопросов о сроках и подрядчике.",
    "По словам Петрова, «новая набережная будет выше старой на полтора метра и выдержит любой "
    "паводок». Он добавил, что конкурс на выбор подрядчика объявят в ближайшие недели.",
    "Жители прибрежных улиц встретили новость с облегчением. Многие из них весной неделями "
    "добирались до работы в обход затопленных кварталов.",
    "Депутат Ольга Смирнова поддержала проект, но попросила мэрию публиковать отчёты о ходе "
    "работ каждый месяц.",
]
POLISH = [
    "Brzeziny odnowią rynek",
    "Rada miejska Brzezin zatwierdziła we wtorek plan odnowy rynku, zniszczonego przez "
    "wiosenną ulewę. Prace pochłoną dwanaście milionów złotych z budżetu miasta.",
    "Burmistrz Tomasz Kowalski przedstawił projekt na sesji rady. Radni zadawali Kowalskiemu "
    "wiele pytań o terminy i wykonawcę.",
    "Według Kowalskiego, „nowy rynek będzie gotowy na jesieni i wytrzyma każdą ulewę”. Dodał, "
    "że przetarg na wykonawcę zostanie ogłoszony w najbliższych tygodniach.",
    "Kupcy przyjęli decyzję z ulgą. Od wiosny handlują w namiotach na parkingu przy dworcu, "
    "a klienci narzekają na błoto i brak miejsc do parkowania.",
    "Radna Anna Wiśniewska poparła projekt, ale poprosiła urząd o comiesięczne raporty z "
    "postępu prac i o spotkanie z kupcami przed rozpoczęciem budowy.",
]


def _page(lang: str, paragraphs: list[str]) -> bytes:
    title, *body = paragraphs
    ps = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{ps}</article></body></html>"
    ).encode()


@pytest_asyncio.fixture
async def site() -> AsyncIterator[Site]:
    pages = {
        "fr": _page("fr", FRENCH),
        "de": _page("de", GERMAN),
        "ru": _page("ru", RUSSIAN),
        "pl": _page("pl", POLISH),
    }

    async def page(request: web.Request) -> web.Response:
        body = pages.get(request.match_info["lang"])
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/news/{lang}", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield Site(f"http://127.0.0.1:{port}", port)
    finally:
        await runner.cleanup()


@pytest.fixture
def world(fake_discord: FakeDiscord, site: Site, tmp_path: Path) -> World:
    return make_world(fake_discord, site, tmp_path / "data")


def _key_quotes(embed: dict, speakers: dict[str, str]) -> list[str]:
    """The key quote lines, each checked against the speaker who said it."""
    field = next(f for f in embed["fields"] if f["name"] == "Key quotes")["value"]
    lines = [line for line in field.split("\n") if line.startswith("> “")]
    for line in lines:
        said_by = [who for words, who in speakers.items() if words in line]
        assert len(said_by) == 1, line
        assert line.endswith(f"— {said_by[0]}"), line
    return lines


FRENCH_SPEAKERS = {
    "le cœur de notre ville": "Sophie Marchand",
    "L'hiver sous la toile": "Karim Haddad",
    "Nous paierons cet emprunt": "Bernard Léon",
    "Nos clients nous ont suivis": "Lucie Perret",
}
GERMAN_SPEAKERS = {
    "vollständigen Neubau": "Anna Keller",
    "echte Zumutung": "Horst Wagner",
    "Die Risse waren seit Jahren": "Peter Lorenz",
    "Ich bringe die Leute gern": "Maria Schulte",
}


async def test_key_quotes_in_french_and_german_and_whosaid_in_russian(
    world: World, site: Site
) -> None:
    fake = world.fake
    async with running(world.settings):
        await watch(world, world.news)

        posted = await fake.user_message(world.news, world.user, site.url("/news/fr"))
        reply = only_embed(await fake.wait_for_reply(posted, timeout=60))
        assert len(_key_quotes(reply, FRENCH_SPEAKERS)) >= 2

        posted = await fake.user_message(world.news, world.user, site.url("/news/de"))
        reply = only_embed(await fake.wait_for_reply(posted, timeout=60))
        assert len(_key_quotes(reply, GERMAN_SPEAKERS)) >= 1

        url = site.url("/news/ru")
        inter = await fake.slash(world.guild, world.chat, world.user, "summary", url=url)
        await inter.wait_for_reply(timeout=60)
        # The quote's cue names him in the genitive ("По словам Петрова"): the answer gives
        # the name as the article first wrote it.
        inter = await fake.slash(
            world.guild, world.chat, world.user, "whosaid", phrase="выдержит любой паводок"
        )
        said = only_embed(await inter.wait_for_reply(timeout=30))["description"]
        assert "Иван Петров" in said and "Петрова" not in said

        # Asked for in another case (dative), the speaker is found all the same.
        inter = await fake.slash(world.guild, world.chat, world.user, "quotes", speaker="Петрову")
        by_him = only_embed(await inter.wait_for_reply(timeout=30))["description"]
        assert "новая набережная будет выше старой" in by_him

        # The same for a Polish speaker, cited in the genitive ("Według Kowalskiego") and
        # asked for in it.
        url = site.url("/news/pl")
        inter = await fake.slash(world.guild, world.chat, world.user, "summary", url=url)
        await inter.wait_for_reply(timeout=60)
        inter = await fake.slash(
            world.guild, world.chat, world.user, "whosaid", phrase="wytrzyma każdą ulewę"
        )
        said = only_embed(await inter.wait_for_reply(timeout=30))["description"]
        assert "Tomasz Kowalski" in said and "Kowalskiego" not in said
        inter = await fake.slash(
            world.guild, world.chat, world.user, "quotes", speaker="Kowalskiego"
        )
        by_him = only_embed(await inter.wait_for_reply(timeout=30))["description"]
        assert "nowy rynek będzie gotowy na jesieni" in by_him
