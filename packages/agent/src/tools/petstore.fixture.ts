import { parse } from "yaml";

/** A small petstore-like OpenAPI 3.0 specification for the openapi and http-action tests. */
export const petstoreYaml = `
openapi: 3.0.3
info:
  title: Petstore
  version: 1.2.0
servers:
  - url: https://{env}.petstore.example/v1
    variables:
      env:
        default: api
  - url: /v2
paths:
  /pets:
    get:
      operationId: listPets
      summary: List pets
      description: Returns the pets, newest first.
      parameters:
        - $ref: '#/components/parameters/Limit'
        - name: status
          in: query
          schema: { type: string, enum: [available, sold] }
        - name: tags
          in: query
          schema: { type: array, items: { type: string } }
        - name: session
          in: cookie
          schema: { type: string }
        - name: Accept
          in: header
          schema: { type: string }
      responses:
        '200': { description: The pets }
    post:
      operationId: createPet
      summary: Add a pet
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewPet' }
      responses:
        '201': { description: Created }
  /pets/{petId}:
    parameters:
      - name: petId
        in: path
        required: true
        description: The pet's id
        schema: { type: integer }
    get:
      operationId: showPetById
      summary: Info for a specific pet
      parameters:
        - name: X-Request-Id
          in: header
          schema: { type: string }
      responses:
        '200': { description: The pet }
    delete:
      summary: Delete a pet
      responses:
        '204': { description: Deleted }
  /files/{name}:
    get:
      operationId: getFile
      parameters:
        - name: name
          in: path
          required: true
          schema: { type: string }
      responses:
        '200': { description: The file }
  /pets/{petId}/photo:
    put:
      operationId: uploadPhoto
      requestBody:
        required: true
        content:
          image/png:
            schema: { type: string, format: binary }
      responses:
        '204': { description: Stored }
components:
  parameters:
    Limit:
      name: limit
      in: query
      description: How many pets to return
      schema: { type: integer, maximum: 100 }
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string, description: The pet's name }
        tag: { type: string, nullable: true }
        birth: { type: string, format: date }
        owner: { $ref: '#/components/schemas/Owner' }
    Owner:
      allOf:
        - $ref: '#/components/schemas/Person'
        - type: object
          properties:
            pets:
              type: array
              items: { $ref: '#/components/schemas/NewPet' }
    Person:
      type: object
      required: [email]
      properties:
        email: { type: string, format: email }
`;

/** The same specification written as JSON. */
export const petstoreJson = JSON.stringify(parse(petstoreYaml), null, 2);
