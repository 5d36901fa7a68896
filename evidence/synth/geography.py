"""Where the synthetic people are: first-level administrative units of the 17 countries, a
main city in each with its approximate coordinates, whether it lies on a border crossing
used by people from Venezuela, and a relative weight of the Venezuelan population there.

Coordinates are rounded city centres (public gazetteer values), good enough for maps; the
weights are rough orders of magnitude for the embedded data, not estimates.
"""

from __future__ import annotations

from typing import NamedTuple


class Place(NamedTuple):
    admin1: str
    city: str
    latitude: float
    longitude: float
    border: bool
    weight: float


P = Place
PLACES: dict[str, tuple[Place, ...]] = {
    "ARG": (
        P("Ciudad Autónoma de Buenos Aires", "Buenos Aires", -34.60, -58.38, False, 6),
        P("Buenos Aires", "La Plata", -34.92, -57.95, False, 2),
        P("Córdoba", "Córdoba", -31.42, -64.18, False, 1),
        P("Mendoza", "Mendoza", -32.89, -68.83, False, 1),
        P("Jujuy", "La Quiaca", -22.10, -65.60, True, 0.5),
        P("Salta", "Salvador Mazza", -22.05, -63.69, True, 0.3),
    ),
    "ABW": (
        P("Oranjestad", "Oranjestad", 12.52, -70.03, True, 4),
        P("Noord", "Noord", 12.57, -70.04, False, 2),
        P("San Nicolas", "San Nicolas", 12.43, -69.91, False, 1),
        P("Santa Cruz", "Santa Cruz", 12.50, -69.98, False, 1),
    ),
    "BOL": (
        P("La Paz", "El Alto", -16.50, -68.19, False, 3),
        P("Oruro", "Pisiga", -19.25, -68.63, True, 1),
        P("Santa Cruz", "Santa Cruz de la Sierra", -17.78, -63.18, False, 3),
        P("Cochabamba", "Cochabamba", -17.39, -66.16, False, 1),
        P("Tarija", "Yacuiba", -22.02, -63.68, True, 0.5),
    ),
    "BRA": (
        P("Roraima", "Pacaraima", 4.48, -61.15, True, 3),
        P("Roraima", "Boa Vista", 2.82, -60.67, False, 4),
        P("Amazonas", "Manaus", -3.12, -60.02, False, 3),
        P("São Paulo", "São Paulo", -23.55, -46.63, False, 3),
        P("Paraná", "Curitiba", -25.43, -49.27, False, 2),
        P("Santa Catarina", "Florianópolis", -27.60, -48.55, False, 1.5),
        P("Rio Grande do Sul", "Porto Alegre", -30.03, -51.23, False, 1.5),
    ),
    "CHL": (
        P("Arica y Parinacota", "Arica", -18.48, -70.31, True, 1),
        P("Tarapacá", "Colchane", -19.28, -68.64, True, 1),
        P("Tarapacá", "Iquique", -20.21, -70.15, False, 1),
        P("Antofagasta", "Antofagasta", -23.65, -70.40, False, 1.5),
        P("Región Metropolitana de Santiago", "Santiago", -33.45, -70.67, False, 8),
        P("Valparaíso", "Valparaíso", -33.05, -71.62, False, 1),
    ),
    "COL": (
        P("Norte de Santander", "Cúcuta", 7.89, -72.50, True, 4),
        P("La Guajira", "Maicao", 11.38, -72.24, True, 2),
        P("Arauca", "Arauca", 7.08, -70.76, True, 1),
        P("Vichada", "Puerto Carreño", 6.19, -67.49, True, 0.3),
        P("Bogotá, D.C.", "Bogotá", 4.71, -74.07, False, 8),
        P("Antioquia", "Medellín", 6.24, -75.58, False, 4),
        P("Valle del Cauca", "Cali", 3.45, -76.53, False, 3),
        P("Atlántico", "Barranquilla", 10.96, -74.80, False, 3),
        P("Nariño", "Ipiales", 0.83, -77.64, True, 1),
        P("Santander", "Bucaramanga", 7.12, -73.12, False, 1.5),
    ),
    "CRI": (
        P("San José", "San José", 9.93, -84.08, False, 4),
        P("Puntarenas", "Paso Canoas", 8.53, -82.84, True, 1),
        P("Alajuela", "Los Chiles", 11.03, -84.71, True, 0.5),
        P("Limón", "Limón", 9.99, -83.03, False, 0.5),
    ),
    "CUW": (
        P("Willemstad", "Willemstad", 12.11, -68.93, True, 5),
        P("Bandabou", "Barber", 12.29, -69.09, False, 1),
        P("Bandariba", "Santa Rosa", 12.11, -68.85, False, 1),
    ),
    "DOM": (
        P("Distrito Nacional", "Santo Domingo", 18.47, -69.89, True, 5),
        P("Santiago", "Santiago de los Caballeros", 19.45, -70.70, False, 2),
        P("La Altagracia", "Higüey", 18.62, -68.71, True, 1),
        P("Puerto Plata", "Puerto Plata", 19.79, -70.69, False, 0.5),
    ),
    "ECU": (
        P("Carchi", "Tulcán", 0.81, -77.72, True, 2),
        P("Pichincha", "Quito", -0.18, -78.47, False, 5),
        P("Guayas", "Guayaquil", -2.17, -79.92, False, 4),
        P("El Oro", "Huaquillas", -3.48, -80.23, True, 1.5),
        P("Manabí", "Manta", -0.96, -80.71, False, 1),
        P("Azuay", "Cuenca", -2.90, -79.00, False, 1),
    ),
    "GUY": (
        P("Barima-Waini", "Mabaruma", 8.20, -59.78, True, 2),
        P("Demerara-Mahaica", "Georgetown", 6.80, -58.16, False, 3),
        P("Cuyuni-Mazaruni", "Bartica", 6.40, -58.62, False, 1),
        P("Essequibo Islands-West Demerara", "Parika", 6.87, -58.42, False, 1),
    ),
    "MEX": (
        P("Chiapas", "Tapachula", 14.90, -92.26, True, 3),
        P("Ciudad de México", "Ciudad de México", 19.43, -99.13, False, 4),
        P("Nuevo León", "Monterrey", 25.69, -100.32, False, 2),
        P("Baja California", "Tijuana", 32.51, -117.04, True, 1.5),
        P("Chihuahua", "Ciudad Juárez", 31.69, -106.42, True, 1.5),
        P("Quintana Roo", "Cancún", 21.16, -86.85, False, 1),
    ),
    "PAN": (
        P("Darién", "Lajas Blancas", 8.25, -77.73, True, 3),
        P("Chiriquí", "Paso Canoas", 8.53, -82.84, True, 1.5),
        P("Panamá", "Ciudad de Panamá", 8.98, -79.52, False, 5),
        P("Colón", "Colón", 9.36, -79.90, False, 1),
    ),
    "PRY": (
        P("Asunción", "Asunción", -25.26, -57.58, False, 3),
        P("Central", "San Lorenzo", -25.34, -57.51, False, 2),
        P("Alto Paraná", "Ciudad del Este", -25.51, -54.61, True, 1),
        P("Itapúa", "Encarnación", -27.33, -55.87, True, 0.5),
    ),
    "PER": (
        P("Tumbes", "Tumbes", -3.57, -80.45, True, 2),
        P("Lima", "Lima", -12.05, -77.04, False, 10),
        P("Callao", "Callao", -12.06, -77.13, False, 1.5),
        P("La Libertad", "Trujillo", -8.11, -79.03, False, 1.5),
        P("Arequipa", "Arequipa", -16.41, -71.54, False, 1),
        P("Piura", "Piura", -5.19, -80.63, False, 1),
        P("Tacna", "Tacna", -18.01, -70.25, True, 1),
    ),
    "TTO": (
        P("Port of Spain", "Port of Spain", 10.66, -61.51, True, 3),
        P("San Fernando", "San Fernando", 10.28, -61.46, False, 1.5),
        P("Chaguanas", "Chaguanas", 10.52, -61.41, False, 1.5),
        P("Siparia", "Cedros", 10.11, -61.83, True, 1),
    ),
    "URY": (
        P("Montevideo", "Montevideo", -34.90, -56.16, False, 6),
        P("Canelones", "Ciudad de la Costa", -34.82, -55.95, False, 1.5),
        P("Rivera", "Rivera", -30.90, -55.55, True, 0.7),
        P("Maldonado", "Maldonado", -34.90, -54.95, False, 0.8),
    ),
}

# International dialling codes, for the optional phone numbers of captive-portal forms.
DIALLING_CODES: dict[str, str] = {
    "ARG": "54",
    "ABW": "297",
    "BOL": "591",
    "BRA": "55",
    "CHL": "56",
    "COL": "57",
    "CRI": "506",
    "CUW": "599",
    "DOM": "1809",
    "ECU": "593",
    "GUY": "592",
    "MEX": "52",
    "PAN": "507",
    "PRY": "595",
    "PER": "51",
    "TTO": "1868",
    "URY": "598",
}

# Where people in transit say they are heading, by corridor.
NORTHBOUND = ("COL", "PAN", "CRI", "MEX", "DOM")
SOUTHBOUND = ("ECU", "PER", "BOL", "CHL", "ARG", "BRA", "PRY", "URY")
