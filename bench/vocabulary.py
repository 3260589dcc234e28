"""Words and sentence patterns the data generator writes briefings from.

Used by `bench.generator`: every title, summary and body it writes is drawn from
these lists with a seeded random generator, so full-text search over the
generated archive finds real, repeated words in realistic proportions.
"""

import random

THEMES = [
    "Women, peace and security",
    "Climate and security",
    "Youth, peace and security",
    "Children and armed conflict",
    "Sexual violence in conflict",
    "Disarmament, demobilisation and reintegration",
    "Security sector reform",
    "Rule of law and justice",
    "Elections and political transitions",
    "Humanitarian access",
    "Refugees and displacement",
    "Mine action",
    "Small arms and light weapons",
    "Human rights monitoring",
    "Mediation and dialogue",
    "Peacebuilding and sustaining peace",
    "Transitional justice",
    "Policing and formed police units",
    "Medical support and casualty evacuation",
    "Logistics and supply chains",
    "Technology and peacekeeping",
    "Misinformation and strategic communications",
    "Counter-terrorism and violent extremism",
    "Maritime security",
    "Border management",
    "Organised crime and trafficking",
    "Health emergencies in missions",
    "Environmental management of missions",
    "Mission transitions and drawdowns",
    "Performance and accountability",
]

REGIONS = [
    "the Sahel",
    "the Great Lakes",
    "the Western Balkans",
    "the Horn of Africa",
    "the Middle East",
    "Central Africa",
    "West Africa",
    "the Caucasus",
    "Central Asia",
    "Latin America",
    "South-East Asia",
    "the Pacific",
]

COUNTRIES = [
    "Mali", "Niger", "Chad", "Sudan", "South Sudan", "Somalia", "Ethiopia", "Kenya",
    "Uganda", "Rwanda", "Burundi", "the Democratic Republic of the Congo",
    "the Central African Republic", "Cameroon", "Nigeria", "Ghana", "Senegal",
    "Côte d'Ivoire", "Liberia", "Sierra Leone", "Libya", "Egypt", "Lebanon",
    "Syria", "Cyprus", "Israel", "Jordan", "Iraq", "Yemen", "Afghanistan",
    "Pakistan", "India", "Bangladesh", "Nepal", "Indonesia", "Timor-Leste",
    "Cambodia", "Fiji", "Haiti", "Colombia", "Brazil", "Uruguay", "Argentina",
    "Guatemala", "Canada", "the United States", "Mexico", "Ireland", "Norway",
    "Sweden", "Finland", "Denmark", "the Netherlands", "Belgium", "France",
    "Germany", "Italy", "Spain", "Portugal", "Poland", "Ukraine", "Georgia",
    "Serbia", "Kosovo", "Bosnia and Herzegovina", "Montenegro", "Albania",
    "North Macedonia", "Croatia", "Slovenia", "Austria", "Switzerland",
    "the United Kingdom", "Türkiye", "China", "Japan", "the Republic of Korea",
    "Mongolia", "Kazakhstan", "Australia", "New Zealand", "South Africa",
    "Namibia", "Zambia", "Tanzania", "Mozambique", "Morocco", "Tunisia",
]  # fmt: skip

CITIES = [
    "New York", "Geneva", "Vienna", "Brussels", "Addis Ababa", "Nairobi", "Bamako",
    "Sarajevo", "Belgrade", "Pristina", "Skopje", "Tirana", "The Hague", "Oslo",
    "Stockholm", "Helsinki", "Dublin", "Ottawa", "Accra", "Dakar", "Kinshasa",
    "Goma", "Juba", "Khartoum", "Mogadishu", "Beirut", "Nicosia", "Amman",
    "Kathmandu", "Dhaka", "Jakarta", "Tokyo", "Seoul", "Canberra", "Montevideo",
    "Buenos Aires", "Bogotá", "Port-au-Prince", "Kigali", "Entebbe",
]  # fmt: skip

FIRST_NAMES = [
    "Amina", "Jean", "Maria", "Ahmed", "Olga", "Kofi", "Ingrid", "Carlos", "Fatou",
    "Hiroshi", "Anna", "Mohamed", "Lucia", "Pieter", "Aisha", "Tomás", "Nadia",
    "Ibrahim", "Elena", "Samuel", "Grace", "Viktor", "Leila", "Daniel", "Chen",
    "Rosa", "Omar", "Sofia", "Kwame", "Marta", "Ravi", "Helen", "Youssef", "Eva",
    "Joseph", "Mirela", "Arben", "Jelena", "Dragan", "Vesna", "Festim", "Blerta",
    "Pascal", "Irina", "Abdou", "Mariam", "Henrik", "Astrid", "Luis", "Beatriz",
    "Sipho", "Thandiwe", "Kenji", "Mei", "Ana", "Ivan", "Catherine", "Michel",
]  # fmt: skip

LAST_NAMES = [
    "Diallo", "Lacroix", "Haddad", "Kovačević", "Mensah", "Johansson", "Silva",
    "Traoré", "Tanaka", "Novak", "Osei", "Dubois", "Rahman", "Petrović", "Okafor",
    "Hansen", "García", "Nguyen", "Kamara", "Hoxha", "Berisha", "Popescu",
    "Van Dijk", "Keita", "Müller", "Rossi", "Kowalski", "Abdullah", "Mwangi",
    "Sato", "Fernández", "Dimitrov", "Ahmeti", "Lindqvist", "O'Brien", "Moreau",
    "Santos", "Kariuki", "Bangura", "Yilmaz", "Ivanova", "Jovanović", "Mbeki",
    "Suárez", "Khan", "Park", "Andersen", "Cohen", "Boateng", "Markovic",
]  # fmt: skip

ORGANISATION_KINDS = [
    "Institute for Peace Studies",
    "Centre for Conflict Resolution",
    "Peacekeeping Training Centre",
    "Foundation for Dialogue",
    "Ministry of Defence",
    "Ministry of Foreign Affairs",
    "Women's Network for Peace",
    "Civil Society Forum",
    "Police Academy",
    "Mine Action Centre",
    "Human Rights Commission",
    "Youth Council",
]

SOURCES = [
    "Peace Operations Review",
    "Regional Security Monitor",
    "Centre for Peacekeeping Studies",
    "Balkan Dialogue Network",
    "African Peace Forum",
    "Global Conflict Observatory",
    "Civilian Protection Watch",
    "Mediation Support Network",
    "Security Policy Quarterly",
]

SUBJECTS = [
    "The Security Council",
    "The Secretary-General",
    "Member States",
    "Troop-contributing countries",
    "The mission's leadership",
    "Regional organisations",
    "Civil society representatives",
    "The Special Representative",
    "Participants",
    "The panel",
    "Host governments",
    "Police commissioners",
    "Force commanders",
    "Women mediators",
    "Young leaders",
    "Donors",
]

VERBS = [
    "stressed the need to strengthen",
    "called for renewed support for",
    "discussed the challenges of",
    "welcomed progress on",
    "expressed concern about",
    "reviewed lessons learned on",
    "agreed to improve",
    "highlighted the importance of",
    "presented recommendations on",
    "underlined the cost of neglecting",
    "proposed a new approach to",
    "examined the funding of",
    "debated the future of",
    "committed to closer cooperation on",
]

OBJECTS = [
    "the protection of civilians",
    "political solutions to conflict",
    "the safety of peacekeepers",
    "clear and achievable mandates",
    "predictable funding for missions",
    "training and capacity building",
    "partnerships with regional organisations",
    "triangular cooperation",
    "accountability for misconduct",
    "the participation of women",
    "early warning and prevention",
    "ceasefire monitoring",
    "the reintegration of former combatants",
    "reform of the security sector",
    "the rule of law",
    "humanitarian access",
    "the return of displaced people",
    "demining and explosive hazards",
    "community engagement",
    "the transition to national authorities",
    "medical evacuation",
    "the use of drones and new technology",
    "countering disinformation",
    "climate-related security risks",
    "small arms control",
    "election security",
]

CLOSINGS = [
    "in the coming year",
    "before the mandate renewal",
    "across the region",
    "at the national level",
    "within existing resources",
    "with the support of partners",
    "in close consultation with the host country",
    "as a matter of priority",
]

EVENTS = [
    "roundtable",
    "open debate",
    "high-level meeting",
    "conference",
    "workshop",
    "expert seminar",
    "briefing",
    "consultation",
    "training course",
    "ministerial meeting",
]

HEADINGS = [
    "Background",
    "Main findings",
    "Discussion",
    "Recommendations",
    "Next steps",
    "The regional perspective",
    "Lessons learned",
    "Funding and resources",
    "Outlook",
]


def sentence(
    rng: random.Random, *, names: list[str], topics: list[str], places: list[str]
) -> str:
    """One plausible sentence of a briefing on its own few `topics` and `places`,
    sometimes naming a participant."""
    pattern = rng.random()
    if pattern < 0.45:
        return (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(topics)} "
            f"{rng.choice(CLOSINGS)}."
        )
    if pattern < 0.7 and names:
        return (
            f"{rng.choice(names)} {rng.choice(VERBS)} {rng.choice(topics)} in "
            f"{rng.choice(places)}."
        )
    if pattern < 0.85:
        return (
            f"The situation in {rng.choice(places)} shows why "
            f"{rng.choice(topics)} and {rng.choice(topics)} go together."
        )
    return (
        f"Speakers from {rng.choice(REGIONS)} {rng.choice(VERBS)} "
        f"{rng.choice(topics)}, noting that {rng.choice(topics)} remains "
        f"{rng.choice(['uneven', 'underfunded', 'a priority', 'contested'])}."
    )


def title(rng: random.Random, *, topics: list[str], places: list[str]) -> str:
    """A briefing's headline: an event, its topic and where it took place."""
    event = rng.choice(EVENTS)
    topic = topics[0]
    if rng.random() < 0.5:
        return f"{event.capitalize()} on {topic} in {rng.choice(CITIES)}"
    country = places[0]
    return f"{country[:1].upper()}{country[1:]}: {topic}"
