"""Personal names for the free-text name columns (which ingestion drops): Venezuelan names
for migrants, and host-country names in Spanish, Portuguese or English."""

from __future__ import annotations

import numpy as np

_VENEZUELAN = {
    "female": [
        "María José",
        "Yusleidy",
        "Génesis",
        "Oriana",
        "Daniela",
        "Andreína",
        "Yulimar",
        "María Fernanda",
        "Rosángela",
        "Mariángel",
        "Karelys",
        "Dayana",
        "Luisa",
    ],
    "male": [
        "José Gregorio",
        "Yorman",
        "Luis Ángel",
        "Jesús",
        "Andrés",
        "Carlos Eduardo",
        "Jhonny",
        "Wilmer",
        "Ángel David",
        "Reinaldo",
        "Óscar",
        "Víctor Manuel",
    ],
}
_SPANISH = {
    "female": [
        "Sofía",
        "Valentina",
        "Lucía",
        "Camila",
        "Ximena",
        "Inés",
        "Mónica",
        "Verónica",
        "Ana Belén",
        "Raquel",
        "Marisol",
        "Débora",
    ],
    "male": [
        "Sebastián",
        "Matías",
        "Joaquín",
        "Martín",
        "Julián",
        "Nicolás",
        "Tomás",
        "Raúl",
        "Héctor",
        "Iván",
        "Rubén",
        "Adrián",
    ],
}
_PORTUGUESE = {
    "female": [
        "Conceição",
        "Ana Clara",
        "Beatriz",
        "Letícia",
        "Júlia",
        "Luíza",
        "Fernanda",
        "Márcia",
        "Cecília",
        "Patrícia",
    ],
    "male": [
        "João",
        "Antônio",
        "Sebastião",
        "Luís",
        "Vinícius",
        "Caio",
        "Fábio",
        "Rogério",
        "Otávio",
        "Gustavo",
    ],
}
_ENGLISH = {
    "female": [
        "Shanice",
        "Keisha",
        "Alicia",
        "Natasha",
        "Petra",
        "Gabrielle",
        "Renée",
        "Anushka",
        "Sharda",
        "Jolene",
    ],
    "male": [
        "Kareem",
        "Devon",
        "Marlon",
        "Rajesh",
        "Nigel",
        "Kwame",
        "Ravi",
        "Dwayne",
        "Stefan",
        "Jermaine",
    ],
}
_SURNAMES = {
    "ven": [
        "González",
        "Rodríguez",
        "Pérez",
        "Hernández",
        "Martínez",
        "García",
        "Sánchez",
        "Ramírez",
        "Díaz",
        "Briceño",
        "Colmenares",
        "Peña",
        "Muñoz",
        "Quintero",
        "Urdaneta",
        "Zambrano",
    ],
    "es": [
        "López",
        "Gómez",
        "Fernández",
        "Ruiz",
        "Jiménez",
        "Álvarez",
        "Castaño",
        "Núñez",
        "Ibáñez",
        "Rojas",
        "Vásquez",
        "Quispe",
        "Mamani",
        "Gutiérrez",
    ],
    "pt": [
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Conceição",
        "Gonçalves",
        "Araújo",
        "Magalhães",
        "Assunção",
        "Simões",
        "Brandão",
        "Lima",
    ],
    "en": [
        "Mohammed",
        "Ramdass",
        "Williams",
        "Joseph",
        "Persaud",
        "Baptiste",
        "Charles",
        "Singh",
        "Thomas",
        "Croes",
        "Martina",
        "Maduro",
    ],
}
_FIRST = {"ven": _VENEZUELAN, "es": _SPANISH, "pt": _PORTUGUESE, "en": _ENGLISH}


def full_names(
    rng: np.random.Generator, sex: np.ndarray, migrant: np.ndarray, language: str
) -> np.ndarray:
    """First name + surname(s): Venezuelan for migrants, the host language's otherwise.

    Spanish-speaking people carry two surnames; the others one.
    """
    n = sex.size
    names = np.empty(n, dtype=object)
    for origin in ("ven", language):
        rows = migrant if origin == "ven" else ~migrant
        for sex_code in ("female", "male"):
            pick = rows & (sex == sex_code)
            k = int(pick.sum())
            first = np.array(_FIRST[origin][sex_code], dtype=object)[
                rng.integers(0, len(_FIRST[origin][sex_code]), k)
            ]
            surnames = np.array(_SURNAMES[origin], dtype=object)
            last = surnames[rng.integers(0, surnames.size, k)]
            if origin in ("ven", "es"):
                last = last + " " + surnames[rng.integers(0, surnames.size, k)]
            names[pick] = first + " " + last
    return names
