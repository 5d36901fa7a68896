"""First-level administrative units (admin1) of the 17 response countries: the codelist of
every contract field declared ``codelist: admin1`` (where a household lives, where a person
works), checked by ingest against the file's country.

Names are the official names in the country's language as most national statistics offices
write them (departments, states, provinces, regions; the capital district where it is a
unit of its own: "Bogotá, D.C.", "Ciudad Autónoma de Buenos Aires", "Distrito Nacional").
Trinidad and Tobago lists its 14 municipal corporations and Tobago; Guyana its ten regions;
Aruba and Curaçao, which have no admin1 units, the districts their statistics offices use.
"""

from __future__ import annotations

from evidence.countries import get_country

ADMIN1: dict[str, tuple[str, ...]] = {
    "ARG": (
        "Ciudad Autónoma de Buenos Aires", "Buenos Aires", "Catamarca", "Chaco", "Chubut",
        "Córdoba", "Corrientes", "Entre Ríos", "Formosa", "Jujuy", "La Pampa", "La Rioja",
        "Mendoza", "Misiones", "Neuquén", "Río Negro", "Salta", "San Juan", "San Luis",
        "Santa Cruz", "Santa Fe", "Santiago del Estero", "Tierra del Fuego", "Tucumán",
    ),
    "ABW": ("Noord", "Oranjestad", "Paradera", "San Nicolas", "Santa Cruz", "Savaneta"),
    "BOL": (
        "Beni", "Chuquisaca", "Cochabamba", "La Paz", "Oruro", "Pando", "Potosí",
        "Santa Cruz", "Tarija",
    ),
    "BRA": (
        "Acre", "Alagoas", "Amapá", "Amazonas", "Bahia", "Ceará", "Distrito Federal",
        "Espírito Santo", "Goiás", "Maranhão", "Mato Grosso", "Mato Grosso do Sul",
        "Minas Gerais", "Pará", "Paraíba", "Paraná", "Pernambuco", "Piauí", "Rio de Janeiro",
        "Rio Grande do Norte", "Rio Grande do Sul", "Rondônia", "Roraima", "Santa Catarina",
        "São Paulo", "Sergipe", "Tocantins",
    ),
    "CHL": (
        "Arica y Parinacota", "Tarapacá", "Antofagasta", "Atacama", "Coquimbo", "Valparaíso",
        "Región Metropolitana de Santiago", "Libertador General Bernardo O'Higgins", "Maule",
        "Ñuble", "Biobío", "La Araucanía", "Los Ríos", "Los Lagos", "Aysén",
        "Magallanes y de la Antártica Chilena",
    ),
    "COL": (
        "Amazonas", "Antioquia", "Arauca", "Archipiélago de San Andrés, Providencia y Santa "
        "Catalina", "Atlántico", "Bogotá, D.C.", "Bolívar", "Boyacá", "Caldas", "Caquetá",
        "Casanare", "Cauca", "Cesar", "Chocó", "Córdoba", "Cundinamarca", "Guainía",
        "Guaviare", "Huila", "La Guajira", "Magdalena", "Meta", "Nariño", "Norte de Santander",
        "Putumayo", "Quindío", "Risaralda", "Santander", "Sucre", "Tolima", "Valle del Cauca",
        "Vaupés", "Vichada",
    ),
    "CRI": ("Alajuela", "Cartago", "Guanacaste", "Heredia", "Limón", "Puntarenas", "San José"),
    "CUW": ("Bandabou", "Bandariba", "Willemstad"),
    "DOM": (
        "Azua", "Bahoruco", "Barahona", "Dajabón", "Distrito Nacional", "Duarte", "El Seibo",
        "Elías Piña", "Espaillat", "Hato Mayor", "Hermanas Mirabal", "Independencia",
        "La Altagracia", "La Romana", "La Vega", "María Trinidad Sánchez", "Monseñor Nouel",
        "Monte Cristi", "Monte Plata", "Pedernales", "Peravia", "Puerto Plata", "Samaná",
        "San Cristóbal", "San José de Ocoa", "San Juan", "San Pedro de Macorís",
        "Sánchez Ramírez", "Santiago", "Santiago Rodríguez", "Santo Domingo", "Valverde",
    ),
    "ECU": (
        "Azuay", "Bolívar", "Cañar", "Carchi", "Chimborazo", "Cotopaxi", "El Oro",
        "Esmeraldas", "Galápagos", "Guayas", "Imbabura", "Loja", "Los Ríos", "Manabí",
        "Morona Santiago", "Napo", "Orellana", "Pastaza", "Pichincha", "Santa Elena",
        "Santo Domingo de los Tsáchilas", "Sucumbíos", "Tungurahua", "Zamora Chinchipe",
    ),
    "GUY": (
        "Barima-Waini", "Pomeroon-Supenaam", "Essequibo Islands-West Demerara",
        "Demerara-Mahaica", "Mahaica-Berbice", "East Berbice-Corentyne", "Cuyuni-Mazaruni",
        "Potaro-Siparuni", "Upper Takutu-Upper Essequibo", "Upper Demerara-Berbice",
    ),
    "MEX": (
        "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas",
        "Chihuahua", "Ciudad de México", "Coahuila", "Colima", "Durango", "Guanajuato",
        "Guerrero", "Hidalgo", "Jalisco", "México", "Michoacán", "Morelos", "Nayarit",
        "Nuevo León", "Oaxaca", "Puebla", "Querétaro", "Quintana Roo", "San Luis Potosí",
        "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz", "Yucatán",
        "Zacatecas",
    ),
    "PAN": (
        "Bocas del Toro", "Chiriquí", "Coclé", "Colón", "Darién", "Herrera", "Los Santos",
        "Panamá", "Panamá Oeste", "Veraguas", "Emberá-Wounaan", "Guna Yala", "Ngäbe-Buglé",
        "Naso Tjër Di",
    ),
    "PRY": (
        "Asunción", "Alto Paraguay", "Alto Paraná", "Amambay", "Boquerón", "Caaguazú",
        "Caazapá", "Canindeyú", "Central", "Concepción", "Cordillera", "Guairá", "Itapúa",
        "Misiones", "Ñeembucú", "Paraguarí", "Presidente Hayes", "San Pedro",
    ),
    "PER": (
        "Amazonas", "Áncash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao",
        "Cusco", "Huancavelica", "Huánuco", "Ica", "Junín", "La Libertad", "Lambayeque",
        "Lima", "Loreto", "Madre de Dios", "Moquegua", "Pasco", "Piura", "Puno",
        "San Martín", "Tacna", "Tumbes", "Ucayali",
    ),
    "TTO": (
        "Port of Spain", "San Fernando", "Arima", "Chaguanas", "Point Fortin",
        "Couva-Tabaquite-Talparo", "Diego Martin", "Mayaro-Rio Claro", "Penal-Debe",
        "Princes Town", "San Juan-Laventille", "Sangre Grande", "Siparia", "Tunapuna-Piarco",
        "Tobago",
    ),
    "URY": (
        "Artigas", "Canelones", "Cerro Largo", "Colonia", "Durazno", "Flores", "Florida",
        "Lavalleja", "Maldonado", "Montevideo", "Paysandú", "Río Negro", "Rivera", "Rocha",
        "Salto", "San José", "Soriano", "Tacuarembó", "Treinta y Tres",
    ),
}  # fmt: skip


def admin1_names(country: str) -> tuple[str, ...]:
    """The admin1 units of ``country`` (ISO3; an unknown code raises ``OptionError``).

    Examples
    --------
    >>> "Bogotá, D.C." in admin1_names("COL")
    True
    >>> len(admin1_names("TTO"))
    15
    """
    return ADMIN1[get_country(country).iso3]


__all__ = ["ADMIN1", "admin1_names"]
