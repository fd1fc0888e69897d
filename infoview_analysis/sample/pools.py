"""What synthetic logs draw from: names, organizations, roles, places, programs, notes,
and the odds of each source and of a reply."""

from __future__ import annotations

import numpy as np

from infoview_analysis.core.vocabulary import SOURCES

__all__ = [
    "FIRST_NAMES",
    "LAST_NAMES",
    "ORGANIZATIONS",
    "ROLES",
    "LOCATIONS",
    "PROGRAMS",
    "ADVISORS",
    "TOPICS",
    "ADVICE",
    "DIRECT_SOURCES",
    "DIRECT_SOURCE_P",
    "REPLY_P",
    "REFERRED_SOURCES",
    "REFERRED_SOURCE_P",
    "OUTCOME_NAMES",
]

FIRST_NAMES = np.array(
    [
        "Ana",
        "Bo",
        "Chen",
        "Dara",
        "Eli",
        "Fatima",
        "Gabe",
        "Hana",
        "Ivan",
        "Jia",
        "Kofi",
        "Lena",
        "Mateo",
        "Nia",
        "Omar",
        "Priya",
        "Quinn",
        "Rosa",
        "Sami",
        "Tariq",
        "Uma",
        "Vera",
        "Wen",
        "Ximena",
        "Yusuf",
        "Zoe",
        "Aiko",
        "Bruno",
        "Chloe",
        "Diego",
        "Esme",
        "Farid",
        "Greta",
        "Hugo",
        "Ines",
        "Jonas",
        "Kira",
        "Luis",
        "Maya",
        "Nils",
        "Olga",
        "Pedro",
        "Rania",
        "Soren",
        "Tomas",
        "Ulla",
        "Vik",
        "Willa",
        "Xavier",
        "Yara",
    ]
)
LAST_NAMES = np.array(
    [
        "Ruiz",
        "Li",
        "Okafor",
        "Smith",
        "Nguyen",
        "Garcia",
        "Kim",
        "Patel",
        "Novak",
        "Haddad",
        "Schmidt",
        "Rossi",
        "Silva",
        "Tanaka",
        "Ahmed",
        "Kowalski",
        "Jensen",
        "Moreau",
        "Costa",
        "Ibrahim",
        "Larsen",
        "Mendes",
        "Park",
        "Singh",
        "Walsh",
        "Yilmaz",
        "Dubois",
        "Fischer",
        "Hughes",
        "Iyer",
        "Jovanovic",
        "Khan",
        "Lund",
        "Morales",
        "Nakamura",
        "Olsen",
        "Pereira",
        "Quist",
        "Reyes",
        "Sato",
    ]
)
ORGANIZATIONS = np.array(
    [
        ("Northwind Analytics", "data", "northwind.example"),
        ("Contoso Health", "healthcare", "contoso.example"),
        ("Fabrikam Energy", "energy", "fabrikam.example"),
        ("Tailspin Media", "media", "tailspin.example"),
        ("Adventure Works", "retail", "adventure.example"),
        ("Litware Labs", "software", "litware.example"),
        ("Proseware Bank", "finance", "proseware.example"),
        ("Wingtip Toys", "consumer goods", "wingtip.example"),
        ("Woodgrove Capital", "finance", "woodgrove.example"),
        ("Coho Vineyard", "food", "coho.example"),
        ("Lucerne Publishing", "media", "lucerne.example"),
        ("Margie Travel", "travel", "margie.example"),
        ("Trey Research", "consulting", "trey.example"),
        ("Blue Yonder Air", "aerospace", "blueyonder.example"),
        ("City Power & Light", "energy", "citypower.example"),
        ("Graphic Design Institute", "education", "gdi.example"),
        ("Humongous Insurance", "insurance", "humongous.example"),
        ("Relecloud", "software", "relecloud.example"),
        ("Alpine Ski House", "hospitality", "alpine.example"),
        ("State Health Dept", "government", "health.example"),
    ]
)
ROLES = np.array(
    [
        "Data Analyst",
        "Software Engineer",
        "Product Manager",
        "Consultant",
        "UX Researcher",
        "Marketing Lead",
        "Policy Advisor",
        "Recruiter",
        "Director",
        "Research Scientist",
        "Financial Analyst",
        "Operations Manager",
    ]
)
LOCATIONS = np.array(
    [
        "Boston, MA",
        "Chicago, IL",
        "Seattle, WA",
        "Austin, TX",
        "New York, NY",
        "Denver, CO",
        "Remote",
    ]
)
PROGRAMS = np.array(
    ["Computer Science", "Economics", "Biology", "English", "Mechanical Engineering", "Psychology"]
)
ADVISORS = np.array(["Avery", "Blake", "Casey", "Devon", "Emerson"])
TOPICS = np.array(
    [
        "team culture",
        "breaking into the field",
        "their career path",
        "a day in the role",
        "skills to build",
        "hiring timelines",
    ]
)
ADVICE = np.array(
    [
        "a portfolio project",
        "an alumni panel",
        "a certificate course",
        "two people to contact",
        "a reading list",
        "applying in spring",
    ]
)

# How people find contacts, and how likely each kind is to reply.
DIRECT_SOURCES = np.array(SOURCES)
DIRECT_SOURCE_P = np.array(
    [0.05, 0.12, 0.07, 0.16, 0.05, 0.06, 0.06, 0.05, 0.05, 0.14, 0.08, 0.09, 0.02]
)
REPLY_P = dict(
    family=0.95,
    friend=0.9,
    professor=0.75,
    alumni=0.72,
    former_employer=0.7,
    coworker=0.8,
    recruiter=0.6,
    career_advisor=0.9,
    industry_leader=0.35,
    linkedin=0.3,
    event=0.55,
    cold=0.15,
    other=0.4,
)
REFERRED_SOURCES = np.array(
    ["alumni", "industry_leader", "coworker", "recruiter", "former_employer", "other"]
)
REFERRED_SOURCE_P = np.array([0.25, 0.25, 0.2, 0.1, 0.1, 0.1])
OUTCOME_NAMES = np.array(["employed", "continuing_education", "seeking", "not_seeking", "unknown"])
